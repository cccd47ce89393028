import { z } from 'zod';

/** Epoch's two roles: READ_ONLY may look at everything, READ_WRITE may also change it. */
export const ROLES = ['READ_WRITE', 'READ_ONLY'] as const;
export const roleSchema = z.enum(ROLES).meta({ id: 'Role' });
export type Role = z.infer<typeof roleSchema>;

/** How the caller proved who they are. */
export const AUTHENTICATION_KINDS = ['SESSION', 'BASIC', 'API_TOKEN', 'BEARER', 'NONE'] as const;

/** Who is calling (`GET /apis/v1/me`). */
export const currentUserSchema = z
  .object({
    name: z.string().meta({ description: 'Shown in the UI and recorded as the author of changes' }),
    role: roleSchema,
    authenticatedBy: z.enum(AUTHENTICATION_KINDS).meta({
      description: 'SESSION: UI login (SSO or password); NONE: authentication is disabled',
    }),
  })
  .meta({ id: 'CurrentUser' });
export type CurrentUser = z.infer<typeof currentUserSchema>;

/** What the login page may offer (`GET /auth/options`, public). */
export const authOptionsSchema = z
  .object({
    sso: z.boolean().meta({ description: 'OIDC single sign-on is configured: start at /auth/login' }),
    password: z.boolean().meta({ description: 'Basic-auth users may log in with POST /auth/password-login' }),
  })
  .meta({ id: 'AuthOptions' });
export type AuthOptions = z.infer<typeof authOptionsSchema>;

export const passwordLoginSchema = z
  .object({
    username: z.string().min(1, 'required').max(256),
    password: z.string().min(1, 'required').max(1024),
  })
  .meta({ id: 'PasswordLogin' });
export type PasswordLogin = z.infer<typeof passwordLoginSchema>;

/** The answer to `POST /auth/logout`: where the browser goes next (the provider's end-session page, or /login). */
export const logoutResultSchema = z.object({ redirectUrl: z.string() }).meta({ id: 'LogoutResult' });
export type LogoutResult = z.infer<typeof logoutResultSchema>;

/**
 * Header every cookie-authenticated write must carry. A cross-site form cannot set it, and a
 * cross-site script cannot without a CORS preflight, which Epoch never grants.
 */
export const CSRF_HEADER = 'X-Requested-With';
export const CSRF_HEADER_VALUE = 'XMLHttpRequest';
