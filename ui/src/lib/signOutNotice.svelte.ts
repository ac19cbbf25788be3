// What the last sign-out did, kept for the sign-in screen that replaces the
// window right after it (so "what was deleted" is still said there).

export const signOutNotice = $state<{ text: string | null }>({ text: null });
