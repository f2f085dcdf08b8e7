throw new Error('plugin init exploded');
export {};
