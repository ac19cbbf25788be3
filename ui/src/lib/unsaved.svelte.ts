// The unsaved-changes guard: a form with typing that is not saved yet
// registers here while it is on screen; whatever would take it off screen —
// another section, another tab, another record, another organisation, a new
// record — asks `unsaved.mayLeave()` first. With nothing unsaved that is a
// plain yes; otherwise the window asks (`UnsavedDialog.svelte`): *Verder
// bewerken* (stay, nothing lost) or *Wijzigingen weggooien* (go on).
// One module-wide guard: the window has one place where the manager types.

type HasChanges = () => boolean;

class UnsavedGuard {
  #forms = new Set<HasChanges>();
  /** The pending question, answered by the dialog. */
  question: { resolve: (leave: boolean) => void } | null = $state(null);

  /** A form calls this while it is shown; the returned function unregisters it. */
  register(hasChanges: HasChanges): () => void {
    this.#forms.add(hasChanges);
    return () => {
      this.#forms.delete(hasChanges);
    };
  }

  /** Whether any form on screen holds unsaved typing. */
  get hasChanges(): boolean {
    for (const form of this.#forms) if (form()) return true;
    return false;
  }

  /** Resolves `true` when it is fine to go elsewhere; asks when typing would be lost. */
  mayLeave(): Promise<boolean> {
    if (!this.hasChanges) return Promise.resolve(true);
    // A second question while one is open keeps the first one's answer.
    this.question?.resolve(false);
    return new Promise((resolve) => {
      this.question = { resolve };
    });
  }

  /** The dialog's answer: `true` discards the typing and goes on. */
  answer(leave: boolean): void {
    const question = this.question;
    this.question = null;
    question?.resolve(leave);
  }

  /** `then` runs only when it is fine to leave. */
  async guard(then: () => void): Promise<void> {
    if (await this.mayLeave()) then();
  }
}

export const unsaved = new UnsavedGuard();
