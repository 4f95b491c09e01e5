import Foundation

/// A `Communicator` over MPI's `MPI_COMM_WORLD`, with Open MPI loaded at run time: Descent
/// builds, and its tests run, where MPI is absent; `mpirun -np N descent …` finds it.
///
/// `libmpi.so.40` (Debian's `libopenmpi3`) is opened with `RTLD_GLOBAL`, because Open MPI's
/// plugins resolve its symbols when they load. Open MPI's handles are the addresses of global
/// objects, so `MPI_COMM_WORLD` is `dlsym("ompi_mpi_comm_world")`, `MPI_FLOAT` is
/// `dlsym("ompi_mpi_float")`, `MPI_SUM` is `dlsym("ompi_mpi_op_sum")`, and `MPI_IN_PLACE` is the
/// address 1. A failed call aborts the job (MPI's default error handler): a rank that dies makes
/// `mpirun` end the others, so no rank waits forever.
public final class MPICommunicator: Communicator {
    public let rank: Int
    public let size: Int
    private let library: MPILibrary

    /// The library names tried, in order.
    public static let libraryNames = ["libmpi.so.40", "libmpi.so", "libmpi.40.dylib", "libmpi.dylib"]

    /// Initializes MPI (once per process) and joins `MPI_COMM_WORLD`; throws when no MPI library
    /// can be loaded or initialized.
    public init() throws {
        guard let library = MPILibrary.shared else {
            throw DescentError.invalidArgument(name: "MPI", value: "not found",
                                               expected: "Open MPI's library (\(Self.libraryNames.joined(separator: ", "))): apt-get install libopenmpi3 openmpi-bin")
        }
        try library.initializeOnce()
        var value: Int32 = 0
        try library.check(library.commRank(library.world, &value), "MPI_Comm_rank")
        rank = Int(value)
        try library.check(library.commSize(library.world, &value), "MPI_Comm_size")
        size = Int(value)
        self.library = library
    }

    public func allReduce(_ buffer: UnsafeMutableBufferPointer<Float>, _ operation: ReductionOperation) throws {
        try allReduce(UnsafeMutableRawPointer(buffer.baseAddress), count: buffer.count, elementSize: 4, type: library.float, operation)
    }

    public func allReduce(_ buffer: UnsafeMutableBufferPointer<Double>, _ operation: ReductionOperation) throws {
        try allReduce(UnsafeMutableRawPointer(buffer.baseAddress), count: buffer.count, elementSize: 8, type: library.double, operation)
    }

    private func allReduce(_ base: UnsafeMutableRawPointer?, count: Int, elementSize: Int, type: OpaquePointer, _ operation: ReductionOperation) throws {
        guard let base, count > 0 else { return }
        let op = operation == .sum ? library.sum : operation == .min ? library.min : library.max
        for start in stride(from: 0, to: count, by: Int(Int32.max)) {
            let chunk = Swift.min(Int(Int32.max), count - start)
            try library.check(library.allreduce(MPILibrary.inPlace, base + start * elementSize, Int32(chunk), type, op, library.world), "MPI_Allreduce")
        }
    }

    public func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        for start in stride(from: 0, to: buffer.count, by: Int(Int32.max)) {
            let chunk = Swift.min(Int(Int32.max), buffer.count - start)
            try library.check(library.bcast(base + start, Int32(chunk), library.byte, Int32(root), library.world), "MPI_Bcast")
        }
    }

    public func barrier() throws { try library.check(library.barrier(library.world), "MPI_Barrier") }

    /// Ends every rank's job with `code` (MPI_Abort): for an error only some ranks saw.
    public func abort(code: Int32) -> Never {
        _ = library.abort(library.world, code)
        exit(code)
    }
}

/// The MPI entry points and handles `MPICommunicator` uses, resolved with `dlsym`.
final class MPILibrary: @unchecked Sendable {
    typealias Initialize = @convention(c) (UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> Int32
    typealias Flag = @convention(c) (UnsafeMutablePointer<Int32>) -> Int32
    typealias Finalize = @convention(c) () -> Int32
    typealias CommQuery = @convention(c) (OpaquePointer, UnsafeMutablePointer<Int32>) -> Int32
    typealias Allreduce = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, Int32, OpaquePointer, OpaquePointer, OpaquePointer) -> Int32
    typealias Bcast = @convention(c) (UnsafeMutableRawPointer?, Int32, OpaquePointer, Int32, OpaquePointer) -> Int32
    typealias Barrier = @convention(c) (OpaquePointer) -> Int32
    typealias Abort = @convention(c) (OpaquePointer, Int32) -> Int32

    /// `MPI_IN_PLACE` in Open MPI.
    static let inPlace = UnsafeRawPointer(bitPattern: 1)

    let initialize: Initialize, initialized: Flag, finalized: Flag, finalize: Finalize
    let commRank: CommQuery, commSize: CommQuery
    let allreduce: Allreduce, bcast: Bcast, barrier: Barrier, abort: Abort
    let world: OpaquePointer, float: OpaquePointer, double: OpaquePointer, byte: OpaquePointer
    let sum: OpaquePointer, min: OpaquePointer, max: OpaquePointer

    /// The first MPI library that loads with every symbol, or nil.
    static let shared: MPILibrary? = MPICommunicator.libraryNames.lazy.compactMap(MPILibrary.init(path:)).first

    private init?(path: String) {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_GLOBAL) else { return nil }
        func symbol(_ name: String) -> UnsafeMutableRawPointer? { dlsym(handle, name) }
        guard let initialize = symbol("MPI_Init"), let initialized = symbol("MPI_Initialized"), let finalized = symbol("MPI_Finalized"),
              let finalize = symbol("MPI_Finalize"), let commRank = symbol("MPI_Comm_rank"), let commSize = symbol("MPI_Comm_size"),
              let allreduce = symbol("MPI_Allreduce"), let bcast = symbol("MPI_Bcast"), let barrier = symbol("MPI_Barrier"),
              let abort = symbol("MPI_Abort"), let world = symbol("ompi_mpi_comm_world"), let float = symbol("ompi_mpi_float"),
              let double = symbol("ompi_mpi_double"), let byte = symbol("ompi_mpi_byte"), let sum = symbol("ompi_mpi_op_sum"),
              let min = symbol("ompi_mpi_op_min"), let max = symbol("ompi_mpi_op_max") else {
            dlclose(handle)
            return nil
        }
        self.initialize = unsafeBitCast(initialize, to: Initialize.self)
        self.initialized = unsafeBitCast(initialized, to: Flag.self)
        self.finalized = unsafeBitCast(finalized, to: Flag.self)
        self.finalize = unsafeBitCast(finalize, to: Finalize.self)
        self.commRank = unsafeBitCast(commRank, to: CommQuery.self)
        self.commSize = unsafeBitCast(commSize, to: CommQuery.self)
        self.allreduce = unsafeBitCast(allreduce, to: Allreduce.self)
        self.bcast = unsafeBitCast(bcast, to: Bcast.self)
        self.barrier = unsafeBitCast(barrier, to: Barrier.self)
        self.abort = unsafeBitCast(abort, to: Abort.self)
        (self.world, self.float, self.double, self.byte) = (OpaquePointer(world), OpaquePointer(float), OpaquePointer(double), OpaquePointer(byte))
        (self.sum, self.min, self.max) = (OpaquePointer(sum), OpaquePointer(min), OpaquePointer(max))
    }

    /// MPI_Init unless already done, with MPI_Finalize registered to run at exit.
    func initializeOnce() throws {
        var flag: Int32 = 0
        _ = initialized(&flag)
        guard flag == 0 else { return }
        try check(initialize(nil, nil), "MPI_Init")
        atexit {
            guard let library = MPILibrary.shared else { return }
            var done: Int32 = 0
            _ = library.finalized(&done)
            if done == 0 { _ = library.finalize() }
        }
    }

    func check(_ status: Int32, _ call: String) throws {
        guard status != 0 else { return }
        throw DescentError.invalidArgument(name: call, value: "error \(status)", expected: "MPI_SUCCESS")
    }
}

extension MPICommunicator {
    /// The communicator of a process started by `mpirun -np N` with N > 1 (Open MPI sets
    /// `OMPI_COMM_WORLD_SIZE`), nil for a process started alone; throws, in one line, when
    /// `mpirun` started it but no MPI library can be loaded.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MPICommunicator? {
        guard let text = environment["OMPI_COMM_WORLD_SIZE"] else { return nil }
        guard let size = Int(text), size > 1 else { return nil }
        guard MPILibrary.shared != nil else {
            throw DescentError.invalidArgument(name: "MPI", value: "started by mpirun (OMPI_COMM_WORLD_SIZE=\(size)) but no MPI library loads",
                                               expected: "Open MPI's \(libraryNames[0]): apt-get install libopenmpi3")
        }
        return try MPICommunicator()
    }
}
