import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';

export class NotificationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only reminders you have not read.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  readonly unread?: boolean;
}

export class PutWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.org/aup', maxLength: 500, description: 'HTTPS only.' })
  @IsString()
  @MaxLength(500)
  @IsUrl({ require_protocol: true, require_tld: false, protocols: ['https', 'http'] })
  readonly url: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  readonly enabled?: boolean;

  @ApiPropertyOptional({
    description: 'Make a new signing secret (shown once in the answer). The first PUT always makes one.',
  })
  @IsOptional()
  @IsBoolean()
  readonly rotateSecret?: boolean;
}
