console.log("hello from netns-ctl", process.argv.slice(2))
