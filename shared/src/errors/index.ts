export * from './epoch-error.js';
