//! The SIPRI Arms Transfers export importer.
