import ArgumentParser
import Descent
import Foundation

/// The `descent train` flags for training on files and choosing the model.
struct DataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A CSV file with a header to train on (instead of --dataset).", valueName: "file.csv"))
    var data: String?
    @Option(help: ArgumentHelp("With --data: the label column.", valueName: "column"))
    var label: String?
    @Option(help: ArgumentHelp("An image file to train on: IDX (MNIST format) or NPY, optionally .gz.", valueName: "file"))
    var images: String?
    @Option(help: ArgumentHelp("With --images: the label file (IDX or NPY).", valueName: "file"))
    var labels: String?
    @Flag(help: "With --images: the array is NCHW [N, C, H, W] (PyTorch's layout); the default is NHWC.")
    var channelsFirst = false
    @Option(help: "Model: mlp (default), or cnn (Conv 3×3 same + ReLU → MaxPool 2 per --filters entry, then Dense of the first --hidden size).")
    var model: String?
    @Option(help: "With --model cnn: filters of each convolution stage, comma-separated (default 32,64).")
    var filters: String?
    @Option(help: "With --data: classification (each label value a class) or regression (numeric targets); default: inferred from the labels and the loss.")
    var task: String?
    @Option(help: "Feature scaling fitted on the training split: auto (images: divide by their pixel range, 255 or 16; CSV: standardization), none, standardization, min-max, image.")
    var scaling: String?

    /// The name of the data file without folder and extensions, for the default run folder.
    var runName: String? {
        (data ?? images).map { URL(fileURLWithPath: $0).lastPathComponent.split(separator: ".").first.map(String.init) ?? "data" }
    }

    /// mlp or cnn, checked.
    func modelName() throws -> String {
        guard ["mlp", "cnn"].contains(model ?? "mlp") else { throw CommandFailure("unknown --model '\(model ?? "")'; choose mlp or cnn") }
        return model ?? "mlp"
    }

    /// The `data:` keys naming the files (csv and label, or images, labels and channels_first),
    /// nil when no file flag was given; checked.
    func sourcePairs() throws -> [(String, ConfigNode)]? {
        let model = try modelName()
        switch (data, label, images, labels) {
        case (nil, nil, nil, nil):
            guard model == "mlp" else { throw CommandFailure("--model cnn needs image files: --images FILE --labels FILE") }
            if channelsFirst { throw CommandFailure("--channels-first goes with --images FILE") }
            return nil
        case let (csv?, column?, nil, nil):
            guard model == "mlp" else { throw CommandFailure("--model cnn needs images; a CSV gives flat features (use --model mlp)") }
            return [("csv", csv.configNode), ("label", column.configNode)]
        case let (nil, nil, imageFile?, labelFile?):
            return [("images", imageFile.configNode), ("labels", labelFile.configNode), ("channels_first", channelsFirst.configNode)]
        case (_?, nil, _, _): throw CommandFailure("--data needs --label COLUMN, the name of the label column")
        case (nil, _?, _, _): throw CommandFailure("--label goes with --data FILE.csv")
        case (_, _, _?, nil): throw CommandFailure("--images needs --labels FILE")
        case (_, _, nil, _?): throw CommandFailure("--labels goes with --images FILE")
        default: throw CommandFailure("choose either --data/--label (CSV) or --images/--labels, not both")
        }
    }

    /// The `data.scaling` value of --scaling, checked.
    func scalingName() throws -> String? {
        guard let scaling else { return nil }
        guard ["auto", "none", "standardization", "min-max", "image"].contains(scaling) else {
            throw CommandFailure("unknown --scaling '\(scaling)'; choose auto, none, standardization, min-max or image")
        }
        return scaling
    }

    /// The `data.task` value of --task, checked.
    func taskName() throws -> String? {
        guard let task else { return nil }
        guard ["auto", "classification", "regression"].contains(task) else {
            throw CommandFailure("unknown --task '\(task)'; choose classification, regression or auto")
        }
        return task
    }

    /// The filters of --filters, checked.
    func filterCounts() throws -> [Int] { try parseIntegerList(filters ?? "32,64", flag: "--filters") }

    /// The flags given, by name.
    var givenFlags: [String] {
        [("--data", data), ("--label", label), ("--images", images), ("--labels", labels), ("--model", model), ("--filters", filters),
         ("--scaling", scaling), ("--task", task)].compactMap { $0.1 == nil ? nil : $0.0 } + (channelsFirst ? ["--channels-first"] : [])
    }
}
