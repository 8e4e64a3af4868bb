package dev.mainline.server;

import dev.mainline.server.config.MainlineProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/** The Mainline HTTP server. Started by {@code mainline serve}; everything it serves lives under this package. */
@SpringBootApplication
@EnableConfigurationProperties(MainlineProperties.class)
public class MainlineServer {
    public static ConfigurableApplicationContext start(String... arguments) {
        SpringApplication application = new SpringApplication(MainlineServer.class);
        application.setMainApplicationClass(MainlineServer.class);
        return application.run(arguments);
    }
}
