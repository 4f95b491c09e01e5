import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite(.serialized) struct OptimizeCommandTests {
    @Test func theIssueExamplePrintsExactAdaGradSteps() throws {
        let result = try Descent.run(["optimize", "--function", "quadratic", "--start", "1.5,1.5", "--steps", "50",
                                      "--optimizer", "adagrad", "--lr", "0.4", "--csv"])
        #expect(result.status == 0, "\(result.standardError)")
        let rows = result.standardOutput.split(separator: "\n")
        #expect(rows.count == 52)
        // Step 1: g = (3, 9), s = (9, 81): (1.5 − 0.4, 1.5 − 0.4), f = 1.21 + 3·1.21
        #expect(Array(rows.prefix(3)) == ["step,x,y,f,lr", "0,1.5,1.5,9.0,0.4", "1,1.1,1.1,4.84,0.4"])
    }

    @Test func everyOptimizerRunsOnEveryFunction() throws {
        let specs = ["sgd:momentum=0.9,nesterov", "sgd:momentum=0.5,momentum-form=ema", "sgd:momentum=0.5,momentum-form=keras",
                     "adagrad:initial-accumulator-value=0.1,lr-decay=0.01", "adadelta:rho=0.95", "rmsprop:centered,momentum=0.5",
                     "adam:amsgrad", "adamax", "nadam", "adamw:weight-decay=0.1", "sgdw", "radam", "lion:beta2=0.9"]
        for function in ["quadratic", "rosenbrock", "beale", "himmelblau", "saddle", "ill-conditioned"] {
            let arguments = ["optimize", "--function", function, "--steps", "5", "--lr", "0.001", "--csv", "--clip-norm", "10"]
            let result = try Descent.run(arguments + specs.flatMap { ["--optimizer", $0] })
            #expect(result.status == 0, "\(function): \(result.standardError)")
            let rows = result.standardOutput.split(separator: "\n")
            #expect(rows.first == "path,step,x,y,f,lr")
            #expect(rows.count == 1 + specs.count * 6, "\(function)")
        }
    }

    @Test func writesAContourPlotAndAnAccumulatorPlotThatParse() throws {
        let folder = Descent.temporaryFolder()
        let (contour, accumulator) = (folder.appendingPathComponent("paths.svg"), folder.appendingPathComponent("accumulators.svg"))
        let result = try Descent.run(["optimize", "--steps", "10", "--optimizer", "adagrad:lr=0.4", "--optimizer", "rmsprop:lr=0.05",
                                      "--start", "1.5,1.5", "--start", "-1.5,0.5", "--svg", contour.path, "--accumulator-svg", accumulator.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").count == 4)
        for file in [contour, accumulator] {
            let document = try XMLDocument(contentsOf: file, options: [])
            #expect(document.rootElement()?.localName == "svg")
        }
        let svg = try String(contentsOf: contour, encoding: .utf8)
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 4)
        #expect(svg.contains("data-series=\"adagrad:lr=0.4 from (-1.5, 0.5)\""))
    }

    @Test(arguments: [
        (["--optimizer", "adamx"], "unknown --optimizer 'adamx'"),
        (["--function", "sphere"], "unknown --function 'sphere'"),
        (["--lr", "-0.1"], "--lr -0.1 must be a positive number"),
        (["--optimizer", "adam", "--beta1", "1"], "--beta1 1.0 must lie in [0, 1)"),
        (["--optimizer", "adam:beta2=-0.5"], "--beta2 -0.5 must lie in [0, 1)"),
        (["--start", "1,2,3"], "--start '1,2,3' must be two numbers x,y"),
        (["--start", "1"], "--start '1' must be two numbers x,y"),
        (["--optimizer", "adam", "--momentum", "0.9"], "--momentum does not apply to adam"),
        (["--optimizer", "sgd:nesterov"], "--nesterov needs momentum > 0"),
        (["--clip-value", "1", "--clip-norm", "1"], "give clip_value or clip_norm, not both"),
        (["--optimizer", "sgd", "--accumulator-svg", "/tmp/never.svg"], "--accumulator-svg needs a rule with an accumulator"),
    ])
    func badInputExitsWithOneLine(_ arguments: [String], _ message: String) throws {
        let result = try Descent.run(["optimize", "--steps", "3"] + arguments)
        #expect(result.status == 2)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(result.standardError)")
        #expect(result.standardError.hasPrefix("error: ") && result.standardError.contains(message), "\(result.standardError)")
    }

    @Test func helpShowsAnExample() throws {
        let result = try Descent.run(["optimize", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("  descent optimize --function quadratic --start 1.5,1.5 --steps 50 \\\n      --optimizer adagrad --lr 0.4 --csv\n"))
    }
}
