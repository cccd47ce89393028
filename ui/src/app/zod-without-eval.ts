import { z } from 'zod';

// Run before any shared schema is built (main.tsx loads the app after it): zod decides per schema, when it is built, whether to
// compile validators with `new Function`, and even its probe for that is reported as a violation of the
// server's Content-Security-Policy (no 'unsafe-eval'). The UI validates small forms; it does not need the JIT.
z.config({ jitless: true });
