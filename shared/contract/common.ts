import { z } from 'zod';
import { MAX_FEN } from './bounds';

/**
 * Building blocks shared by every schema of the central commerce API contract.
 * Money is always integer fen (分); timestamps are ISO 8601 strings in UTC.
 */

export const fenSchema = z
  .number()
  .int()
  .min(-MAX_FEN)
  .max(MAX_FEN)
  .describe('Amount in fen (1/100 yuan), integer');
export const nonNegativeFenSchema = fenSchema.min(0);
export const isoDateTimeSchema = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time');
export const businessDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('A business day in the store time zone, yyyy-mm-dd');
/** Any 8-4-4-4-12 hex id (RFC 9562 versions and test ids alike); PostgreSQL's uuid type accepts the same. */
export const uuidSchema = z.guid();

export const storeIdSchema = z.string().regex(/^[A-Z]\d{3,6}$/, 'store id like S001');
export const terminalIdSchema = z.string().min(1).max(32);
export const staffIdSchema = z.string().regex(/^[A-Z]\d{2,4}$/, 'staff id like C01');
export const skuSchema = z.string().min(1).max(64);
export const orderIdSchema = z.string().min(1).max(64);

export const temperatureZoneSchema = z.enum(['ambient', 'chilled', 'frozen']);
export type TemperatureZone = z.infer<typeof temperatureZoneSchema>;

export const staffRoleSchema = z.enum(['clerk', 'manager']);
export type StaffRole = z.infer<typeof staffRoleSchema>;

export type Fen = z.infer<typeof fenSchema>;
