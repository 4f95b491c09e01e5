import ArgumentParser
import Descent
import Foundation

/// A problem with what the user asked for, reported as one line and exit code 2.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// False in the processes `mpirun` starts as ranks 1, 2, …: they print no errors, which every
/// rank meets alike and rank 0 reports.
var isRankZero: Bool { (ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_RANK"] ?? "0") == "0" }

/// Runs a command body; a `DescentError` or `CommandFailure` becomes `error: …` on stderr and
/// exit code 2, instead of a stack of usage text; any other error (the system's, while writing
/// or reading) becomes one `error: …` line and exit code 1, never a Swift dump.
func reportingFailures(_ body: () throws -> Void) throws {
    // under mpirun every rank meets the same bad input: rank 0 alone says so
    func report(_ message: String) { if isRankZero { FileHandle.standardError.write(Data("error: \(message)\n".utf8)) } }
    do {
        try body()
    } catch let error as DescentError {
        report("\(error)")
        throw ExitCode(2)
    } catch let error as CommandFailure {
        report("\(error)")
        throw ExitCode(2)
    } catch let failure as RankFailure {
        report("\(failure)")
        throw ExitCode(2)
    } catch let failure as PeerFailure {
        throw ExitCode(failure.status)   // another rank failed; rank 0 reports it
    } catch let exit as ExitCode {
        throw exit
    } catch {
        report("\(error.localizedDescription)".replacingOccurrences(of: "\n", with: " "))
        throw ExitCode(1)
    }
}

/// Parses `64,64` into [64, 64], naming the flag on failure.
func parseIntegerList(_ text: String, flag: String) throws -> [Int] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    let values = parts.compactMap { Int($0) }
    guard values.count == parts.count, values.allSatisfy({ $0 > 0 }) else {
        throw CommandFailure("\(flag) '\(text)' must be a comma-separated list of positive integers, e.g. 64,64")
    }
    return values
}
