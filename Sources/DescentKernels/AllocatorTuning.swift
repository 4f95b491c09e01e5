#if canImport(Glibc)
import Glibc
#endif

/// Keeps tensor-sized blocks inside the C heap between training steps.
///
/// Every operation allocates its result, and a training step frees the same sizes it allocated
/// in the step before. glibc serves blocks from 128 KiB upwards with a fresh `mmap` and returns
/// them with `munmap` on free (it raises that threshold only slowly), and it trims the top of
/// the heap once 128 KiB lie free there. Either way the next step faults in and zero-fills the
/// same pages again: on the `cnn` workload a third of the time went to page faults.
/// With blocks up to 32 MiB (glibc's maximum) kept in the heap and trimming only above 512 MiB
/// of free memory, a step reuses the previous step's memory; the peak is unchanged, since it
/// is the same memory. `M_MMAP_THRESHOLD`, `M_TRIM_THRESHOLD` or `MALLOC_*_` environment
/// settings of the user win. No effect on other C libraries.
enum AllocatorTuning {
    /// Applies the settings once (idempotent); called when the CPU backend starts.
    static let apply: Void = {
        #if canImport(Glibc)
        // <malloc.h> is not part of the Glibc module: look `mallopt` up in the running process.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        guard getenv("MALLOC_MMAP_THRESHOLD_") == nil, getenv("MALLOC_TRIM_THRESHOLD_") == nil,
              getenv("GLIBC_TUNABLES") == nil, let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt")
        else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 512 << 20)
        #endif
    }()
}
