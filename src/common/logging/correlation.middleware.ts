import type { NextFunction, Request, Response } from 'express';
import { CORRELATION_HEADER, acceptCorrelationId, runWithCorrelation } from './correlation.js';

/**
 * Express middleware, installed first: honours or generates `X-Request-Id`, echoes it in
 * the response and runs the rest of the request inside its correlation context.
 */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const id = acceptCorrelationId(req.headers[CORRELATION_HEADER]);
  (req as Request & { id?: string }).id = id;
  res.setHeader('X-Request-Id', id);
  runWithCorrelation(id, () => next());
}
