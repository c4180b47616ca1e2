import { HttpStatus, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ProblemException } from '../common/problem';
import { ParamPipe } from '../common/validation';
import { QUESTION_ID } from './dto/answer-request.dto';

/** A path question id that cannot be one names no question: 404, like an unknown id. */
@Injectable()
export class QuestionIdPipe extends ParamPipe<string> {
  constructor() {
    super(
      z.string().regex(QUESTION_ID),
      () =>
        new ProblemException(
          HttpStatus.NOT_FOUND,
          'QUESTION.NOT_FOUND',
          'No such question',
          "The audit's framework has no such question.",
        ),
    );
  }
}
