import { HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { ProblemException } from '../common/problem';
import { QUESTION_ID } from './dto/answer-request.dto';

/** A path question id that cannot be one names no question: 404, like an unknown id. */
@Injectable()
export class QuestionIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !QUESTION_ID.test(value)) {
      throw new ProblemException(
        HttpStatus.NOT_FOUND,
        'QUESTION.NOT_FOUND',
        'No such question',
        "The audit's framework has no such question.",
      );
    }
    return value;
  }
}
