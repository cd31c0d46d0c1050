import { expect } from 'chai';
import { parseDuration, parseSimulateArgs, UsageError } from '../../src/simulate/simulate-args.js';

describe('simulate arguments', () => {
  it('has defaults a newcomer can run with', () => {
    expect(parseSimulateArgs([], {})).to.deep.equal({
      rps: 50,
      durationMs: 60_000,
      app: 'demo-app',
      url: 'http://localhost:5000',
      dynos: 4,
      seed: 1,
    });
    expect(parseSimulateArgs([], { PORT: '5123' })?.url).to.equal('http://localhost:5123');
  });

  it('reads every option', () => {
    const options = parseSimulateArgs(['--rps', '200', '--duration', '2m', '--app', 'shop', '--url', 'http://127.0.0.1:8080/', '--dynos', '2', '--seed', '9'], {});
    expect(options).to.deep.equal({ rps: 200, durationMs: 120_000, app: 'shop', url: 'http://127.0.0.1:8080', dynos: 2, seed: 9 });
  });

  it('reads --error-burst (half the requests answer 500) and --error-burst-at (default 20s)', () => {
    expect(parseSimulateArgs(['--duration', '3m', '--error-burst', '60s'], {})?.errorBurst).to.deep.equal({ fromMs: 20_000, toMs: 80_000, share: 0.5 });
    expect(parseSimulateArgs(['--duration', '3m', '--error-burst', '1m', '--error-burst-at', '90s'], {})?.errorBurst).to.deep.equal({ fromMs: 90_000, toMs: 150_000, share: 0.5 });
    expect(() => parseSimulateArgs(['--error-burst', '60s'], {})).to.throw(UsageError, /^--error-burst: the burst \(20s \+ 60s\) must end within --duration \(60s\)/);
    expect(() => parseSimulateArgs(['--error-burst', 'lots'], {})).to.throw(UsageError, /^--error-burst: expected a duration like 60s/);
  });

  it('returns null for --help', () => {
    expect(parseSimulateArgs(['--help'], {})).to.equal(null);
  });

  it('parses durations with and without units', () => {
    expect(parseDuration('90')).to.equal(90_000);
    expect(parseDuration('1.5s')).to.equal(1500);
    expect(parseDuration('500ms')).to.equal(500);
    expect(parseDuration('1h')).to.equal(3_600_000);
  });

  it('says which option is wrong and what it expects', () => {
    const cases: [string[], RegExp][] = [
      [['--rps', '0'], /^--rps: expected a positive number/],
      [['--duration', 'soon'], /^--duration: expected a duration like 60s/],
      [['--app', 'My App'], /^--app: expected a Heroku app name/],
      [['--url', 'localhost'], /^--url: expected a URL/],
      [['--dynos', '1.5'], /^--dynos: expected a positive whole number/],
      [['--nope'], /Unknown option '--nope'[\s\S]*Usage: npm run simulate/],
    ];
    for (const [args, message] of cases) {
      expect(() => parseSimulateArgs(args, {}), args.join(' ')).to.throw(UsageError, message);
    }
  });
});
