import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, Matches, MaxLength } from 'class-validator';
import { IdField, stack, TextField } from '../../graphql/fields';
import { Optional } from '../../graphql/optional';
import { ACTOR_ID, ACTOR_ID_MAX_LENGTH, ACTOR_ID_RULE } from '../../shared/text';
import { NOTE_MAX_MENTIONS, NOTE_REASON_MAX_LENGTH } from '../domain/note-commands';

/** The most any deployment allows (NOTE_MAX_LENGTH is at most this); the configured limit is the desk's rule. */
export const NOTE_TEXT_FIELD_MAX = 20000;

/** People's ids, as tokens carry them (src/shared/text.ts ACTOR_ID); whether anyone holds one cannot be known. */
function MentionsField(): PropertyDecorator {
  return stack(
    Field(() => [ID], { nullable: true, description: `Desk members' ids (token subjects), at most ${NOTE_MAX_MENTIONS}.` }),
    Optional(),
    IsArray(),
    ArrayMaxSize(NOTE_MAX_MENTIONS, { message: `$property may have at most ${NOTE_MAX_MENTIONS} entries` }),
    ArrayUnique((id: unknown) => id, { message: '$property must not name the same entry twice' }),
    IsString({ each: true }),
    MaxLength(ACTOR_ID_MAX_LENGTH, { each: true }),
    Matches(ACTOR_ID, { each: true, message: `$property must be people's ids: ${ACTOR_ID_RULE}` }),
  );
}

@InputType({ description: 'An internal note to post on a claim (reviewers and editors).' })
export class PostNoteInput {
  @IdField({ description: 'The claim to post it on.' })
  claimId: string;

  @TextField(NOTE_TEXT_FIELD_MAX, { notBlank: true, description: 'The note\'s text (at most NOTE_MAX_LENGTH characters).' })
  text: string;

  @IdField({ nullable: true, description: 'The note of the same claim this one answers.' })
  replyTo?: string;

  @MentionsField()
  mentions?: string[];

  @IdField({ nullable: true, type: String, description: 'Your id for this note; sending it again returns the first result and writes nothing.' })
  mutationId?: string;
}

@InputType({ description: 'A new text for one of your notes.' })
export class EditNoteInput {
  @IdField({ description: 'The note\'s id.' })
  noteId: string;

  @TextField(NOTE_TEXT_FIELD_MAX, { notBlank: true, description: 'The whole new text; the earlier one stays in claimHistory.' })
  text: string;

  @MentionsField()
  mentions?: string[];
}

@InputType({ description: 'One of your notes to retract.' })
export class RetractNoteInput {
  @IdField({ description: 'The note\'s id.' })
  noteId: string;

  @TextField(NOTE_REASON_MAX_LENGTH, { notBlank: true, description: 'Why; kept in the history.' })
  reason: string;
}
