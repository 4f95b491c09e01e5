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
    @Option(help: ArgumentHelp("With --data: a CSV of validation samples (same columns), instead of a validation split.", valueName: "file.csv"))
    var validationData: String?
    @Option(help: ArgumentHelp("With --data: a CSV of test samples (same columns), instead of a test split.", valueName: "file.csv"))
    var testData: String?
    @Option(help: ArgumentHelp("With --images: validation images (IDX or NPY, optionally .gz), with --validation-labels.", valueName: "file"))
    var validationImages: String?
    @Option(help: ArgumentHelp("The labels of --validation-images.", valueName: "file"))
    var validationLabels: String?
    @Option(help: ArgumentHelp("With --images: test images (IDX or NPY, optionally .gz), with --test-labels.", valueName: "file"))
    var testImages: String?
    @Option(help: ArgumentHelp("The labels of --test-images.", valueName: "file"))
    var testLabels: String?
    @Option(help: "Model: mlp (default), or cnn (Conv 3×3 same + ReLU → MaxPool 2 per --filters entry, then Dense of the first --hidden size).")
    var model: String?
    @Option(help: "With --model cnn: filters of each convolution stage, comma-separated (default 32,64).")
    var filters: String?
    @Option(help: "With --data: classification (each label value a class) or regression (numeric targets); default: inferred from the labels and the loss.")
    var task: String?
    @Option(help: "Feature scaling fitted on the training split: auto (images: divide by their pixel range, 255 or 16; CSV: standardization), none, standardization, min-max, image, imagenet (torchvision's mean/std for 0–255 RGB).")
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

    /// The `data:` keys of the validation and test file flags, checked for pairs; whether they
    /// go with the training files is checked with the experiment (they may complete a file's).
    func splitFilePairs() throws -> [(String, ConfigNode)] {
        let imagePairs = [("--validation-images", validationImages, "--validation-labels", validationLabels), ("--test-images", testImages, "--test-labels", testLabels)]
        for (imagesFlag, imageFile, labelsFlag, labelFile) in imagePairs where (imageFile == nil) != (labelFile == nil) {
            throw CommandFailure(imageFile != nil ? "\(imagesFlag) needs \(labelsFlag) FILE" : "\(labelsFlag) goes with \(imagesFlag) FILE")
        }
        if (validationData != nil || testData != nil) && images != nil {
            throw CommandFailure("\(validationData != nil ? "--validation-data" : "--test-data") is a CSV; beside --images give --\(validationData != nil ? "validation" : "test")-images and -labels")
        }
        if (validationImages != nil || testImages != nil) && data != nil {
            throw CommandFailure("\(validationImages != nil ? "--validation-images" : "--test-images") goes with --images; beside --data give --\(validationImages != nil ? "validation" : "test")-data FILE.csv")
        }
        return [("validation_csv", validationData), ("test_csv", testData), ("validation_images", validationImages), ("validation_labels", validationLabels),
                ("test_images", testImages), ("test_labels", testLabels)].compactMap { key, value in value.map { (key, $0.configNode) } }
    }

    /// The `data.scaling` value of --scaling, checked.
    func scalingName() throws -> String? {
        guard let scaling else { return nil }
        guard ["auto", "none", "standardization", "min-max", "image", "imagenet"].contains(scaling) else {
            throw CommandFailure("unknown --scaling '\(scaling)'; choose auto, none, standardization, min-max, image or imagenet")
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
         ("--scaling", scaling), ("--task", task), ("--validation-data", validationData), ("--test-data", testData),
         ("--validation-images", validationImages), ("--validation-labels", validationLabels), ("--test-images", testImages), ("--test-labels", testLabels)].compactMap { $0.1 == nil ? nil : $0.0 } + (channelsFirst ? ["--channels-first"] : [])
    }
}
