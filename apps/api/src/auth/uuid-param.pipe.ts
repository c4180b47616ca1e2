import { Injectable, type PipeTransform } from '@nestjs/common';
import { notFound } from './organisation.guard';
import { UUID } from './secrets';

/** A path id that is not a UUID names no record: 404, like an id of another organisation. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw notFound();
    return value.toLowerCase();
  }
}
