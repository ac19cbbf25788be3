// Checks made in this window ("Gecontroleerd"): `revision` goes up after
// each, so what counts the records due (the sidebar's badge) loads again at
// once instead of at the next sync. The counts themselves come from Rust
// (`review_counts`).

class ReviewChecks {
  revision = $state(0);

  /** Call after records were marked as checked. */
  changed(): void {
    this.revision += 1;
  }
}

export const reviewChecks = new ReviewChecks();
