// The viewer's storage key for the sign-in token, re-exported without importing Svelte state.
export const TOKEN_STORAGE_KEY = 'groundtruth.token';
