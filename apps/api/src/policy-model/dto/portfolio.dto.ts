import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PORTFOLIO_SORT_KEYS, type PortfolioQuery, type PortfolioSortKey } from '@aup/contracts';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsStorableText } from '../../common/content-screening';

export class PortfolioQueryDto extends PageQueryDto implements PortfolioQuery {
  @ApiPropertyOptional({
    enum: PORTFOLIO_SORT_KEYS,
    default: 'name',
    description: 'rating sorts red, amber, green; unrated last',
  })
  @IsOptional()
  @IsIn(PORTFOLIO_SORT_KEYS)
  readonly sort?: PortfolioSortKey;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  readonly order?: 'asc' | 'desc';

  @ApiPropertyOptional({ maxLength: 100, description: 'Part of the organisation name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsStorableText()
  readonly q?: string;

  @ApiPropertyOptional({ enum: ['green', 'amber', 'red', 'unrated'] })
  @IsOptional()
  @IsIn(['green', 'amber', 'red', 'unrated'])
  readonly rating?: 'green' | 'amber' | 'red' | 'unrated';

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  readonly planComplete?: 'true' | 'false';
}
