# Prints the all-time total and today's count of this app's Vanity add-on.
# Run: VANITY_URL=... ruby examples/ruby/counts.rb   (on Heroku the add-on sets VANITY_URL)
require "json"
require "net/http"
require "uri"

url = URI(ENV.fetch("VANITY_URL"))
request = Net::HTTP::Get.new(URI("#{url.to_s.chomp('/')}/counts"))
request.basic_auth(URI.decode_www_form_component(url.user), URI.decode_www_form_component(url.password))
response = Net::HTTP.start(url.host, url.port, use_ssl: url.scheme == "https") { |http| http.request(request) }
abort "Vanity answered #{response.code}: #{JSON.parse(response.body)['message']}" unless response.is_a?(Net::HTTPSuccess)
counts = JSON.parse(response.body)
puts "all-time total: #{counts['total']}"
puts "today: #{counts['recent']['today']}"
