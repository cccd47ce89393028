export * from './errors/index.js';
export * from './cron/index.js';
export * from './api/index.js';
