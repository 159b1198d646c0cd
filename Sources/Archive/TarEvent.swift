/// What a ``TarParser`` reports, in archive order: for each member one `.entry`, zero or more
/// `.data` chunks holding its contents, then `.entryEnd`.
public enum TarEvent {
    /// A member's header.
    case entry(TarEntry)
    /// The next bytes of the current member's contents. The buffer points into the input being
    /// fed and is valid only during the handler call: copy what you keep. Chunk boundaries depend
    /// on how the input was fed.
    case data(UnsafeRawBufferPointer)
    /// The current member's contents are complete.
    case entryEnd
}
