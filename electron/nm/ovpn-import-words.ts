// One line of an .ovpn file split into words the way OpenVPN's own parse_line() does (options.c),
// which is also what NetworkManager's OpenVPN importer (properties/import-export.c,
// args_parse_line) reimplements: a word is "double quoted" (backslash escapes inside), 'single
// quoted' (no escapes) or bare (backslash escapes the next character); a quoted word ends at its
// closing quote ('a'b is two words); a comment (# or ;) may start where a word would.

/** Whitespace as g_ascii_isspace() sees it. */
export const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';

/** The words of `line` (no newline in it), or null for a blank or comment line; throws an Error in words when a quote or an escape is left open. */
export function ovpnWords(line: string): string[] | null {
  // a line ending in \r\n: the \r goes
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  let i = 0;
  const more = () => i < text.length;
  const skipSpace = () => {
    while (more() && isSpace(text[i])) i++;
  };
  skipSpace();
  if (!more() || text[i] === '#' || text[i] === ';') return null;
  const words: string[] = [];
  for (;;) {
    const start = i;
    let word = '';
    let c = text[i++]!;
    if (c === '"' || c === "'") {
      const quote = c;
      while (more() && text[i] !== quote) {
        if (quote === '"' && text[i] === '\\') {
          i++;
          if (!more()) break;
        }
        word += text[i++];
      }
      if (!more()) throw new Error(`a ${quote === '"' ? 'double' : 'single'} quote opened at column ${start + 1} is never closed`);
      i++; // the closing quote
    } else {
      for (;;) {
        if (c === '\\') {
          if (!more()) throw new Error(`a backslash at the end of the line (column ${i}) escapes nothing`);
          c = text[i++]!;
        }
        word += c;
        if (!more()) break;
        c = text[i++]!;
        if (isSpace(c)) break;
      }
    }
    words.push(word);
    skipSpace();
    if (!more() || text[i] === '#' || text[i] === ';') break;
  }
  return words;
}
