import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post as HttpPost,
  Query,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Post } from '../express/entities';
import { PostsService, UsersService } from './blog.service';

function required(body: Record<string, unknown> | undefined, ...fields: string[]): Record<string, unknown> {
  const values = body ?? {};
  const missing = fields.filter((f) => values[f] === undefined || values[f] === '');
  if (missing.length > 0) throw new UnprocessableEntityException(`missing: ${missing.join(', ')}`);
  return values;
}

const postJson = (post: Post) => ({
  id: post.id,
  title: post.title,
  body: post.body,
  author: { id: post.author.id, name: post.author.name },
  tags: post.tags.map((t) => t.name).sort(),
});

@Controller()
export class BlogController {
  constructor(
    private readonly users: UsersService,
    private readonly posts: PostsService,
  ) {}

  @HttpPost('users')
  createUser(@Body() body: Record<string, unknown>) {
    const { email, name } = required(body, 'email', 'name');
    return this.users.create(String(email), String(name));
  }

  @Get('users')
  listUsers() {
    return this.users.list();
  }

  @HttpPost('posts')
  async createPost(@Body() body: Record<string, unknown>) {
    const { authorId, title, tags } = required(body, 'authorId', 'title', 'body');
    const names = Array.isArray(tags) ? tags.map(String) : [];
    return postJson(await this.posts.create(Number(authorId), String(title), String(body['body']), names));
  }

  @Get('posts')
  async listPosts(@Query('tag') tag?: string) {
    return (await this.posts.list(tag)).map(postJson);
  }

  @Get('posts/:id')
  async getPost(@Param('id', ParseIntPipe) id: number) {
    const post = await this.posts.get(id);
    return {
      ...postJson(post),
      comments: post.comments.map((c) => ({ id: c.id, body: c.body, authorId: c.authorId })),
    };
  }

  @Delete('posts/:id')
  @HttpCode(204)
  async deletePost(@Param('id', ParseIntPipe) id: number): Promise<void> {
    await this.posts.remove(id);
  }

  @HttpPost('posts/:id/comments')
  async comment(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>) {
    const { authorId, body: text } = required(body, 'authorId', 'body');
    const comment = await this.posts.comment(id, Number(authorId), String(text));
    return { id: comment.id, body: comment.body, postId: id };
  }

  @Get('tags')
  tags() {
    return this.posts.tags();
  }
}
