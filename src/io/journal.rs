//! The durable journal (JSON Lines with checksums).
