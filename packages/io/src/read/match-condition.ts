/**
 * What `asyncReadUntil` and `readUntil` look for (Asio's `read_until` overloads for a `char`, a
 * `string_view`, a `boost::regex` and a MatchCondition function object).
 */

/**
 * Asio's MatchCondition: called with the bytes not searched yet (from where the previous call
 * asked to resume; the whole readable data the first time) and returning `[end, found]`, `end`
 * counting from the start of `data`:
 *
 * - `[end, true]`: a match ends at `end`, which the operation reports (as the byte count up to
 *   and including the match, from the start of the buffer);
 * - `[end, false]` with `end < data.length`: a match may start at `end` once more data arrives;
 *   the next call is given the data from there;
 * - `[data.length, false]`: no match; the next call is given only the bytes read after this one.
 *
 * `data` is a view of the dynamic buffer's storage, valid only during the call.
 */
export type MatchCondition = (data: Uint8Array) => readonly [end: number, found: boolean];

/**
 * What a read-until operation looks for: a string (its UTF-8 bytes are the delimiter, so a
 * one-character string is Asio's `char` overload), a `Uint8Array` delimiter, a `RegExp` (matched
 * against the bytes read as latin1, one character per byte, so its indices are byte offsets;
 * its `g` and `y` flags and `lastIndex` are ignored), or a `MatchCondition`.
 */
export type ReadUntilMatch = string | Uint8Array | RegExp | MatchCondition;
