import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ParamPipe } from '../common/validation';
import { notFound } from './organisation.guard';
import { UUID } from './secrets';

/** A path id that is not a UUID names no record: 404, like an id of another organisation. */
@Injectable()
export class UuidParamPipe extends ParamPipe<string> {
  constructor() {
    super(
      z
        .string()
        .regex(UUID)
        .transform((id) => id.toLowerCase()),
      notFound,
    );
  }
}
