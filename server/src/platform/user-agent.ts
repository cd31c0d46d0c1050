/** Names Vanity on every request to Heroku (Platform API, id.heroku.com, Logplex), as Heroku asks of add-ons. */
export const USER_AGENT = 'Vanity/0.1 (Heroku add-on "vanity"; request counter)';
