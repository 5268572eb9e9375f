//! The codec: checksummed frames and the versioned wire form of entries, shared by the stores.

pub(crate) mod frame;
pub(crate) mod wire;
