import type { Context } from 'hono';
import { problem } from '../problem.js';

/** 404 for a customer the caller's tenant does not have (another tenant's reads as missing). */
export const customerNotFound = (c: Context, id: string) =>
  problem(c, 404, 'not-found', 'Not found', `No customer ${id}.`);
