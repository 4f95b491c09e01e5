// `import Descent` brings the kernels layer too: RandomGenerator, Backends, ThreadPool.
@_exported import DescentKernels
