// Bundlers replace `process.env.NODE_ENV`; the IIFE and CDN builds replace it with "production".
declare const process: { env: { NODE_ENV?: string } };
