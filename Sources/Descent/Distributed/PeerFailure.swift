/// The error of a rank that stops because another rank failed, so that the failure is reported
/// once, on rank 0: the failing rank's message travels there as a `RankFailure`, and every
/// other rank ends with a `PeerFailure` that says nothing more (`descent` prints nothing for
/// it and exits with `status`).
public struct PeerFailure: Error, Sendable {
    /// 2 for bad input, 1 for a failed run.
    public let status: Int32
}

/// Another rank's error, as rank 0 reports it: "rank 1: <its message>".
public struct RankFailure: Error, CustomStringConvertible, Sendable {
    public let rank: Int
    public let message: String
    public var description: String { "rank \(rank): \(message)" }
}
