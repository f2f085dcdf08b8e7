import { fakePlugin } from './fake-plugin';

/** A module whose only plugin is a named export (no default). */
export const somethingElse = 42;
export const plugin = { ...fakePlugin, type: 'fake-named' };
