import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import type { PageQuery } from '@aup/contracts';
import { contract, pageQueryShape } from './schema';

/** limit/offset paging for every list. */
export const PageQuerySchema = contract<PageQuery>()(z.strictObject(pageQueryShape));
export class PageQueryDto extends createZodDto(PageQuerySchema) {}

export const pageOf = (q: PageQuery) => ({ limit: q.limit ?? 20, offset: q.offset ?? 0 });
