/// A CSV field read as a `Float`, bit for bit what `Float(String)` (correctly rounded, like
/// `strtof`) gives for the field without its surrounding spaces, without making a `String`.
///
/// The fast path takes plain decimals, `[+-]digits[.digits][(e|E)[+-]digits]`, and writes the
/// value as m·10ᵉ with an integer m. When
///
///     m ≤ 2²⁴  and  |e| ≤ 10
///
/// both m and 10^|e| are exact in Float (10¹⁰ = 2¹⁰·5¹⁰ and 5¹⁰ < 2²⁴), so one Float product
/// m·10ᵉ or quotient m / 10^−e, which IEEE 754 rounds correctly, is the correctly rounded value
/// (Clinger, "How to read floating point numbers accurately", 1990). Computing in Double and
/// then narrowing would round twice. Everything else (more digits, larger exponents, `nan`,
/// `inf`, hex, text) goes to `Float(String)` itself.
enum CSVNumber {
    /// 10ᵉ for e in 0…10, each exact in Float (a switch, not a table: no lazy global on the hot path).
    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> Float {
        switch exponent {
        case 0: return 1
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        default: return 1e10
        }
    }

    /// The field at `start` of `count` bytes as a number, or nil when it is not one.
    @inline(__always)
    static func parse(_ start: UnsafePointer<UInt8>, count: Int) -> Float? {
        var first = 0, end = count
        while first < end && start[first] == UInt8(ascii: " ") { first += 1 }
        while end > first && start[end - 1] == UInt8(ascii: " ") { end -= 1 }
        return fast(start + first, count: end - first) ?? slow(start, count: count)
    }

    /// `Float(String)` on the field without surrounding spaces: the reference, for fields the
    /// fast path does not take.
    @inline(never)
    static func slow(_ start: UnsafePointer<UInt8>, count: Int) -> Float? {
        Float(String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self).trimmingSpaces)
    }

    /// The value of a plain decimal whose m and e meet the bound above; nil for anything else.
    @inline(__always)
    static func fast(_ p: UnsafePointer<UInt8>, count: Int) -> Float? {
        var i = 0
        let negative = count > 0 && p[0] == UInt8(ascii: "-")
        if count > 0 && (negative || p[0] == UInt8(ascii: "+")) { i = 1 }
        var mantissa: UInt64 = 0, digits = 0, significant = 0, fractionDigits = 0
        var seenPoint = false
        while i < count {
            let byte = p[i]
            if byte &- UInt8(ascii: "0") < 10 {
                if mantissa != 0 || byte != UInt8(ascii: "0") { significant += 1 }
                guard significant <= 9 else { return nil }  // m < 10⁹ keeps the check below exact
                mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if i < count {
            guard p[i] | 0x20 == UInt8(ascii: "e"), i + 1 < count else { return nil }
            i += 1
            let negativeExponent = p[i] == UInt8(ascii: "-")
            if p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") { i += 1 }
            guard i < count, count - i <= 3 else { return nil }
            while i < count {
                let digit = p[i] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                exponent = exponent * 10 + Int(digit)
                i += 1
            }
            if negativeExponent { exponent = -exponent }
        }
        exponent -= fractionDigits
        guard mantissa <= 1 << 24, exponent >= -10, exponent <= 10 else { return nil }
        let m = Float(mantissa)
        let value = exponent >= 0 ? m * powerOfTen(exponent) : m / powerOfTen(-exponent)
        return negative ? -value : value
    }
}
