import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import { PORTFOLIO_SORT_KEYS, type PortfolioQuery } from '@aup/contracts';
import { contract, optional, pageQueryShape, storableText } from '../../common/schema';

export const PortfolioQuerySchema = contract<PortfolioQuery>()(
  z.strictObject({
    ...pageQueryShape,
    sort: optional(z.enum(PORTFOLIO_SORT_KEYS)).meta({
      default: 'name',
      description: 'rating sorts red, amber, green; unrated last',
    }),
    order: optional(z.enum(['asc', 'desc'])).meta({ default: 'asc' }),
    q: optional(storableText(0, 100)).meta({ description: 'Part of the organisation name' }),
    rating: optional(z.enum(['green', 'amber', 'red', 'unrated'])),
    planComplete: optional(z.enum(['true', 'false'])),
  }),
);
export class PortfolioQueryDto extends createZodDto(PortfolioQuerySchema) {}
