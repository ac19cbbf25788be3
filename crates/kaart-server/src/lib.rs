//! Placeholder; the central service is being written.
