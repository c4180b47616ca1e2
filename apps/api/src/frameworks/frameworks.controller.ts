import { Controller, HttpStatus, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { FastifyReply } from 'fastify';
import type { FrameworkListView, FrameworkVersionView } from '@aup/contracts';
import { AUTHENTICATED, ApiProblems, P } from '../common/api-problems.decorator';
import { PathParam } from '../common/path-param';
import { policyId } from '../common/schema';
import { FrameworkListDto, FrameworkVersionDto } from './dto/framework.dto';
import { FrameworksService } from './frameworks.service';

@ApiTags('frameworks')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@ApiProblems(...AUTHENTICATED)
@Controller('frameworks')
export class FrameworksController {
  constructor(private readonly frameworks: FrameworksService) {}

  @Get()
  @ApiOperation({
    summary: 'The frameworks audits can be pinned to, with their versions (the latest marked)',
  })
  @ZodResponse({ status: HttpStatus.OK, type: FrameworkListDto })
  list(): FrameworkListView {
    return this.frameworks.frameworks();
  }

  @Get(':frameworkId/versions/:version')
  @ApiOperation({
    summary: 'One framework version: title, sections and the organisation-profile fields it asks for',
    description:
      'Profile fields come with labels, help, types and options, and how many questions and obligations each one can switch on or off.',
  })
  @ZodResponse({ status: HttpStatus.OK, type: FrameworkVersionDto })
  @ApiProblems(P.validation, [404, 'FRAMEWORK.NOT_FOUND', 'No such framework or version (see `available`)'])
  version(
    @PathParam('frameworkId', policyId('framework')) frameworkId: string,
    @PathParam('version', policyId('version')) version: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): FrameworkVersionView {
    const view = this.frameworks.version(frameworkId, version);
    // A published version never changes; a new one is a new path.
    void reply.header('cache-control', 'private, max-age=3600');
    return view;
  }
}
