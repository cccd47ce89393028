import './app/zod-without-eval.js';

// Loaded only now, so that every schema it builds is built without eval (see zod-without-eval.ts): a static
// import would be evaluated before this module's own imports, whatever their order.
void import('./app/start.js');
