import {
  Injectable,
  Logger,
  StreamableFile,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { ZodDto } from 'nestjs-zod';
import { map, type Observable } from 'rxjs';
import type { z } from 'zod';
import { fieldErrors } from './validation';

/** Where `@ZodResponse` / `ZodSerializerDto` (nestjs-zod) keep a route's response DTO. */
const RESPONSE_DTO_KEY = 'ZOD_SERIALIZER_DTO_OPTIONS';

type ResponseDto = ZodDto<z.ZodType> | [ZodDto<z.ZodType>];

/**
 * Parses every success answer of a route declared with `@ZodResponse` by its schema: what is sent is what
 * the schema (and so the OpenAPI document) says, and fields it does not name are not sent. An answer that
 * breaks its schema is a bug: outside production it is a 500 with the issues in the log; in production the
 * issues are logged and the answer is sent as it is, so a client is not failed by a documentation slip.
 */
@Injectable()
export class ResponseSchemaInterceptor implements NestInterceptor {
  private readonly logger = new Logger('ResponseSchema');

  constructor(
    private readonly reflector: Reflector,
    private readonly production: boolean,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const dto = this.reflector.getAllAndOverride<ResponseDto | undefined>(RESPONSE_DTO_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!dto) return next.handle();
    const schema = Array.isArray(dto) ? (dto[0].schema as z.ZodType).array() : (dto.schema as z.ZodType);
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    return next.handle().pipe(
      map((body: unknown) => {
        if (body === undefined || body instanceof StreamableFile) return body;
        const parsed = schema.safeParse(body);
        if (parsed.success) return parsed.data;
        const errors = fieldErrors(parsed.error.issues);
        this.logger.error({ route, errors }, `response of ${route} breaks its schema`);
        if (this.production) return body;
        throw new Error(`The response of ${route} breaks its schema: ${JSON.stringify(errors)}`);
      }),
    );
  }
}
