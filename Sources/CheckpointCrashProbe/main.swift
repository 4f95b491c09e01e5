import Descent
import Foundation

// A training process for the kill-during-checkpoint-write test (not a product): trains a small
// model with batch norm and dropout for many epochs, checkpointing every epoch with a pause
// halfway through each write, and resumes from the latest checkpoint when there is one.
//
//     CheckpointCrashProbe FOLDER PAUSE_MICROSECONDS
let arguments = CommandLine.arguments
guard arguments.count == 3, let pause = UInt32(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: CheckpointCrashProbe FOLDER PAUSE_MICROSECONDS\n".utf8))
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[1])
do {
    let parts = try SyntheticData.make("moons", samples: 200, seed: 3).split(train: 0.7, validation: 0.3, seed: 3)
    let weights = RandomGenerator(seed: 4)
    let model = Sequential {
        Dense(inputSize: 2, outputSize: 16, generator: weights)
        BatchNorm(featureCount: 16)
        ReLU()
        Dropout(rate: 0.3, generator: RandomGenerator(seed: 5))
        Dense(inputSize: 16, outputSize: 2, generator: weights)
    }
    let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(), optimizer: Optimizer(Adam(), parameters: model.parameters, learningRate: 0.01))
    let checkpointer = TrainingCheckpointer(folder: folder, keep: 2)
    checkpointer.writePauseMicroseconds = pause
    _ = try trainer.fit(parts.train.features, parts.train.targets, epochs: 400, batchSize: 16, seed: 7, verbosity: .silent,
                        callbacks: checkpointer.including([checkpointer.modelCheckpoint(monitor: .loss)]),
                        resumingFrom: try TrainingCheckpointer.latest(in: folder))
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
