/** Looks like a plugin but has no containerModule. */
export default { type: 'broken', configSchema: { safeParse: () => ({ success: true }) } };
