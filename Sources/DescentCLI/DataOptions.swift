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
    @Option(help: "Model: mlp, or cnn (Conv 3×3 same + ReLU → MaxPool 2 per --filters entry, then Dense of the first --hidden size).")
    var model = "mlp"
    @Option(help: "With --model cnn: filters of each convolution stage, comma-separated.")
    var filters = "32,64"
    @Option(help: "Feature scaling fitted on the training split: auto (images: divide by 255; CSV: standardization), none, standardization, min-max, image.")
    var scaling = "auto"

    /// The name of the data file without folder and extensions, for the default run folder.
    var runName: String? {
        (data ?? images).map { URL(fileURLWithPath: $0).lastPathComponent.split(separator: ".").first.map(String.init) ?? "data" }
    }

    /// The data source, or nil for the built-in datasets; throws `CommandFailure` for bad flags.
    func resolved() throws -> DataSource? {
        guard ["mlp", "cnn"].contains(model) else { throw CommandFailure("unknown --model '\(model)'; choose mlp or cnn") }
        let scalings = ["auto": nil, "none": Preprocessing.Method.none, "standardization": .standardization, "min-max": .minMax, "image": .imageScaling]
        guard let method = scalings[scaling] else {
            throw CommandFailure("unknown --scaling '\(scaling)'; choose auto, none, standardization, min-max or image")
        }
        let filterCounts = try parseIntegerList(filters, flag: "--filters")
        switch (data, label, images, labels) {
        case (nil, nil, nil, nil):
            guard model == "mlp" else { throw CommandFailure("--model cnn needs image files: --images FILE --labels FILE") }
            return nil
        case let (csv?, column?, nil, nil):
            guard model == "mlp" else { throw CommandFailure("--model cnn needs images; a CSV gives flat features (use --model mlp)") }
            return DataSource(csv: csv, labelColumn: column, images: nil, labels: nil, layout: .channelsLast,
                              model: model, filters: filterCounts, scaling: method ?? .standardization)
        case let (nil, nil, imageFile?, labelFile?):
            return DataSource(csv: nil, labelColumn: nil, images: imageFile, labels: labelFile,
                              layout: channelsFirst ? .channelsFirst : .channelsLast, model: model, filters: filterCounts,
                              scaling: method ?? .imageScaling)
        case (_?, nil, _, _): throw CommandFailure("--data needs --label COLUMN, the name of the label column")
        case (nil, _?, _, _): throw CommandFailure("--label goes with --data FILE.csv")
        case (_, _, _?, nil): throw CommandFailure("--images needs --labels FILE")
        case (_, _, nil, _?): throw CommandFailure("--labels goes with --images FILE")
        default: throw CommandFailure("choose either --data/--label (CSV) or --images/--labels, not both")
        }
    }
}
