/// Python's `textwrap.fill(text, width)` with its defaults, for the tables anchore-cli wraps: tabs expanded to
/// columns of 8 (`expandtabs`), every whitespace character a space, whitespace splits the text into chunks and a
/// word also splits after a hyphen between letters (`break_on_hyphens`); lines are filled greedily and joined by
/// newlines, a chunk longer than a line is broken (`break_long_words`), and the spaces at the ends of lines and the
/// starts of all lines but the first are dropped.
enum TextWrap {
    static func fill(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for chunk in chunks(text) {
            let isSpace = chunk.first == " "
            if isSpace {
                // Spaces at the start of a line are dropped, except the text's own (the first line's).
                if !line.isEmpty || lines.isEmpty { line += chunk }
                continue
            }
            var word = Substring(chunk)
            while !word.isEmpty {
                if line.count + word.count <= width {
                    line += word
                    word = ""
                } else if line.trimmingTrailingSpaces.isEmpty {
                    // A word longer than a line: as much as fits, the rest on the next lines.
                    line = String(word.prefix(width))
                    word = word.dropFirst(width)
                    lines.append(line)
                    line = ""
                } else {
                    lines.append(line.trimmingTrailingSpaces)
                    line = ""
                }
            }
        }
        if !line.trimmingTrailingSpaces.isEmpty { lines.append(line.trimmingTrailingSpaces) }
        return lines.joined(separator: "\n")
    }

    /// Runs of spaces and words, a word split after each hyphen that has a letter before it and a letter after it.
    static func chunks(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var inSpace = false
        for character in expandingTabs(text) {
            let space = character.isWhitespace
            if space != inSpace, !current.isEmpty {
                result.append(current)
                current = ""
            }
            inSpace = space
            current.append(space ? " " : character)
        }
        if !current.isEmpty { result.append(current) }
        return result.flatMap { chunk -> [String] in
            guard chunk.first != " " else { return [chunk] }
            var parts: [String] = []
            var part = ""
            let letters = Array(chunk)
            for (index, character) in letters.enumerated() {
                part.append(character)
                if character == "-", index > 0, index + 1 < letters.count, letters[index - 1].isLetter, letters[index + 1].isLetter {
                    parts.append(part)
                    part = ""
                }
            }
            if !part.isEmpty { parts.append(part) }
            return parts
        }
    }
}

extension TextWrap {
    /// `str.expandtabs(8)`: a tab becomes the spaces to the next multiple of 8 columns, counted from the last line break.
    static func expandingTabs(_ text: String) -> String {
        var result = ""
        var column = 0
        for character in text {
            switch character {
            case "\t":
                let spaces = 8 - column % 8
                result += String(repeating: " ", count: spaces)
                column += spaces
            case "\n", "\r", "\r\n":
                result.append(character)
                column = 0
            default:
                result.append(character)
                column += 1
            }
        }
        return result
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
