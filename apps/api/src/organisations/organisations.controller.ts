import { Body, Controller, HttpStatus, Get, Headers, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ZodResponse, ZodSerializerDto } from 'nestjs-zod';
import type { FastifyReply } from 'fastify';
import type { OrganisationSummary, OrganisationView, Page } from '@aup/contracts';
import {
  AUTHENTICATED,
  ApiProblems,
  ORG_SCOPED,
  P,
  type ProblemSpec,
} from '../common/api-problems.decorator';
import { pathParamDoc, PathParam, RECORD_ID } from '../common/path-param';
import { CurrentMembership, CurrentPrincipal, Roles } from '../common/auth.decorators';
import { pageOf, PageQueryDto } from '../common/page-query.dto';
import type { CurrentMembershipInfo, Principal } from '../common/principal';
import {
  CreateOrganisationDto,
  OrganisationPageDto,
  OrganisationViewDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto';
import { etagOf, OrganisationsService, versionFromIfMatch } from './organisations.service';
import { RateLimit } from '../auth/rate-limit';

const PROFILE_PROBLEMS: ProblemSpec[] = [
  [
    422,
    'PROFILE.UNKNOWN_OPTION',
    "A profile value is not one of the framework's options (see `errors[].pointer`)",
  ],
  [422, 'PROFILE.OUT_OF_RANGE', "A profile number is outside the framework's range"],
  [422, 'PROFILE.UNKNOWN_FIELD', 'The framework has no such profile field'],
  [422, 'PROFILE.WRONG_TYPE', 'A profile value has the wrong type for the framework'],
];

@ApiTags('organisations')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @ApiOperation({ summary: 'The organisations you belong to, with your role in each' })
  @ZodResponse({ status: HttpStatus.OK, type: OrganisationPageDto })
  @ApiProblems(...AUTHENTICATED, P.validation)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQueryDto,
  ): Promise<Page<OrganisationSummary>> {
    const { limit, offset } = pageOf(query);
    return this.organisations.listMine(principal.userId, limit, offset);
  }

  @Post()
  @RateLimit('organisation_create')
  @ApiOperation({ summary: 'Create another organisation (a subsidiary or a client); you become its admin' })
  @ZodSerializerDto(OrganisationViewDto)
  @ApiCreatedResponse({
    type: OrganisationViewDto.Output,
    headers: {
      ETag: { description: 'The version, for If-Match', schema: { type: 'string', example: '"1"' } },
    },
  })
  @ApiProblems(...AUTHENTICATED, P.validation, ...PROFILE_PROBLEMS, [
    429,
    'AUTH.RATE_LIMITED',
    'Too many organisations created from this account or address; see Retry-After',
  ])
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateOrganisationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganisationView> {
    const org = await this.organisations.create(principal.userId, dto);
    void reply.header('etag', etagOf(org.version));
    return org;
  }

  @Get(':orgId')
  @ApiOperation({ summary: 'The organisation and its profile' })
  @ZodSerializerDto(OrganisationViewDto)
  @ApiOkResponse({
    type: OrganisationViewDto.Output,
    headers: {
      ETag: { description: 'The version, for If-Match', schema: { type: 'string', example: '"3"' } },
    },
  })
  @ApiProblems(...ORG_SCOPED)
  async get(
    @PathParam('orgId', RECORD_ID) orgId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganisationView> {
    const org = await this.organisations.get(orgId);
    void reply.header('etag', etagOf(org.version));
    return org;
  }

  @Patch(':orgId')
  @Roles('admin', 'compliance_officer')
  @ApiOperation({
    summary: 'Change the name, profile or settings; If-Match with the version you edited is required',
    description:
      'Admins and compliance officers change the name and profile; only admins change `settings` (others get 403 AUTH.FORBIDDEN). ' +
      "The merged profile is checked against the latest framework's profile definition.",
  })
  @ApiParam(pathParamDoc('orgId', RECORD_ID))
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag from GET, e.g. "3"' })
  @ZodResponse({ status: HttpStatus.OK, type: OrganisationViewDto })
  @ApiProblems(
    ...ORG_SCOPED,
    P.validation,
    [400, 'REQUEST.INVALID_IF_MATCH', 'If-Match is not a version'],
    [409, 'ORGANISATION.VERSION_CONFLICT', 'Someone changed it since you loaded it (see `currentVersion`)'],
    [428, 'REQUEST.PRECONDITION_REQUIRED', 'If-Match is missing'],
    ...PROFILE_PROBLEMS,
  )
  async update(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateOrganisationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganisationView> {
    const org = await this.organisations.update(caller, versionFromIfMatch(ifMatch), dto);
    void reply.header('etag', etagOf(org.version));
    return org;
  }
}
