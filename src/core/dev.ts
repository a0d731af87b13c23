/** True outside production builds; dev-only warnings are guarded by it and dropped by minifiers. */
export const DEV = process.env.NODE_ENV !== 'production';

/** A console warning that only development builds print. */
export function devWarn(message: string, ...details: unknown[]): void {
  if (DEV) console.warn(`[crm-widgets] ${message}`, ...details);
}
