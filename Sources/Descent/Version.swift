/// The version of Descent, printed by `descent --version`.
public let descentVersion = "0.3.0"
