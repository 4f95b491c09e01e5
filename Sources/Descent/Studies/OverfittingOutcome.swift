import Foundation

/// One trained `OverfittingVariant`: its history and its losses in evaluation mode.
public struct OverfittingOutcome: Sendable {
    public var variant: String
    public var history: History
    public var trainingLoss: Double
    public var validationLoss: Double
    public var validationAccuracy: Double
    /// Validation loss minus training loss: how far the variant overfits.
    public var gap: Double { validationLoss - trainingLoss }

    /// The header of the `row` table.
    public static let header = "variant          epochs  train_loss  val_loss  gap      val_accuracy"

    /// `baseline            300      0.0123    0.4567  0.4444   0.8800`: aligned under `header`.
    public var row: String {
        variant.padding(toLength: 17, withPad: " ", startingAt: 0)
            + String(format: "%6d  %10.4f  %8.4f  %-7.4f  %.4f", history.epochs.count, trainingLoss, validationLoss, gap, validationAccuracy)
    }
}
