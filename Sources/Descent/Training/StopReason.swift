/// Why `fit` ended before its last epoch: what kind of stop it was, and the message for people.
///
/// The kind decides what follows: a run that went non-finite, failed its sanity checks, could
/// not write a file or had a misconfigured callback has failed (`descent train` exits with 1); one stopped by a callback
/// (early stopping) has succeeded; one interrupted from outside can be resumed.
public struct StopReason: Equatable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Equatable, Sendable, Codable, CaseIterable {
        /// A callback decided training is done (early stopping, a range test that diverged).
        case callback
        /// The loss or a metric became NaN or infinite.
        case nonFinite
        /// The sanity checks before training failed; no epoch was run.
        case sanityChecksFailed
        /// A checkpoint, log or event file could not be written (or a checkpoint restored).
        case writeFailed
        /// A callback was given what it cannot work with (a metric the reports lack).
        case misconfigured
        /// Stopped from outside before its end (a signal, a test); the run folder is resumable.
        case interrupted
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// True for the kinds that make a run fail.
    public var isFailure: Bool { [.nonFinite, .sanityChecksFailed, .writeFailed, .misconfigured].contains(kind) }

    /// The trainer's stop when a batch loss is not finite.
    static func nonFiniteLoss(_ loss: Float, epoch: Int, batch: Int) -> StopReason {
        StopReason(.nonFinite, "the loss became \(loss) at epoch \(epoch), batch \(batch); try a lower learning rate, gradient clipping or another initialization")
    }

    /// Reads the kind and message, or (checkpoints written before the kinds existed) a plain
    /// message, taken as a callback's.
    public init(from decoder: any Decoder) throws {
        if let message = try? decoder.singleValueContainer().decode(String.self) {
            self.init(message.hasPrefix("the loss became") ? .nonFinite : .callback, message)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try container.decode(Kind.self, forKey: .kind), try container.decode(String.self, forKey: .message))
    }
}
